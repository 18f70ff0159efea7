"""The census vocabulary: entry fields and their allowed values, shared by
the actions, the import/export code and the templates. The workflow states
are :mod:`ckanext.tmopendata.census.workflow`'s (``STATES`` is named here
too: the values of the ``status`` field)."""
from __future__ import annotations

from ckanext.tmopendata.census.workflow import STATES  # noqa: F401 - the values of ``status``

#: Campaign statuses.
CAMPAIGN_STATUSES = ("open", "closed")

#: Where the data asset is kept.
STORAGE = ("paper", "office_files", "database", "gis", "other_system")

#: Access restriction and its legal reason ("none" = may be published).
RESTRICTIONS = (
    "none", "personal_data", "classified", "third_party_rights",
    "commercial_confidentiality",
)

#: Effort to publish (feasibility).
EFFORT = ("low", "medium", "high")

#: Openness questionnaire (GODI 2014-15 questions; the 2016 scored ones
#: are the subset in ``ckanext.tmopendata.census.scores``).
QUESTIONS = (
    "q_exists", "q_digital", "q_public", "q_free", "q_online",
    "q_machine_readable", "q_bulk", "q_open_licence", "q_up_to_date",
)

#: Entry fields, in export/import order. Lists are exported joined with
#: "; ". Types: str, text, int, bool, date (ISO 8601), list, enum:<name>,
#: uri. ``organization`` is the CKAN organisation name (institution).
ENTRY_FIELDS: list[tuple[str, str]] = [
    ("id", "str"),
    ("organization", "str"),
    ("title", "str"),
    ("description", "text"),
    ("department", "str"),
    ("owner_name", "str"),
    ("owner_email", "str"),
    ("storage", "enum:STORAGE"),
    ("formats", "list"),
    ("volume", "str"),
    ("update_frequency", "enum:FREQUENCY"),      # EU frequency code, lib.vocab.FREQUENCIES
    ("legal_basis", "text"),
    ("personal_data", "bool"),
    ("personal_data_categories", "list"),
    ("access_restriction", "enum:RESTRICTIONS"),
    ("restriction_reason", "text"),             # legal reason, required unless "none"
    ("published_url", "uri"),
    ("hvd_category", "uri"),                    # lib.vocab.HVD_CATEGORIES URI or empty
    ("priority_theme", "enum:THEME"),           # lib.vocab.PRIORITY_THEMES key or empty
    ("information_requests", "int"),            # demand: requests per year (Law 544/2001)
    ("q_exists", "bool"),
    ("q_digital", "bool"),
    ("q_public", "bool"),
    ("q_free", "bool"),
    ("q_online", "bool"),
    ("q_machine_readable", "bool"),
    ("q_bulk", "bool"),
    ("q_open_licence", "bool"),
    ("q_up_to_date", "bool"),
    ("effort", "enum:EFFORT"),
    ("planned_publication", "date"),
    ("status", "enum:STATES"),
    ("package_id", "str"),                      # linked CKAN dataset once published
]

#: Computed, read-only fields returned by the API and exported.
SCORE_FIELDS = ("openness_score", "value_score", "feasibility_score", "priority")

#: What the law requires in the public inventory list (Law 179/2022), the
#: only fields the public sees, and never for restricted entries' details.
PUBLIC_FIELDS = ("id", "organization", "title", "status", "planned_publication")
