"""The census vocabulary: entry fields, their allowed values and the
workflow states. Pure Python (no CKAN imports), shared by the model, the
actions, the import/export code and the templates."""
from __future__ import annotations

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

#: Workflow states.
DRAFT, SUBMITTED, UNDER_REVIEW = "draft", "submitted", "under_review"
APPROVED, RESTRICTED, REJECTED, DUPLICATE = "approved", "restricted", "rejected", "duplicate"
IN_PUBLICATION, PUBLISHED = "in_publication", "published"
STATES = (
    DRAFT, SUBMITTED, UNDER_REVIEW, APPROVED, RESTRICTED, REJECTED,
    DUPLICATE, IN_PUBLICATION, PUBLISHED,
)

#: Allowed transitions: from -> to states. Who may make each one is decided
#: in ``logic/auth.py``; anything else is refused with a clear message.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    DRAFT: (SUBMITTED,),
    SUBMITTED: (UNDER_REVIEW, DRAFT),          # coordinator takes it / sends back
    UNDER_REVIEW: (APPROVED, RESTRICTED, REJECTED, DUPLICATE, DRAFT),
    APPROVED: (IN_PUBLICATION, UNDER_REVIEW),
    RESTRICTED: (UNDER_REVIEW,),
    REJECTED: (UNDER_REVIEW,),
    DUPLICATE: (UNDER_REVIEW,),
    IN_PUBLICATION: (PUBLISHED, APPROVED),
    PUBLISHED: (),
}

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

#: States in which an entry appears in the public inventory (of a campaign
#: marked public): approved for publication, being published, published.
#: Drafts and entries under review are not yet validated by a coordinator;
#: restricted, rejected and duplicate entries never appear.
PUBLIC_STATES = (APPROVED, IN_PUBLICATION, PUBLISHED)
