"""Strings that must not appear on a page of the other language (see
``tests/i18n/test_pages.py``). Add here every string once seen leaking.

Phrases are matched as whole phrases of the page's visible text (text
nodes, ``placeholder``, ``title``, ``alt``, ``aria-label`` and button
values), case-sensitive.
"""
import re

#: English strings (CKAN core and the suite) seen on Romanian pages.
ENGLISH = [
    # CKAN core, header/footer/home
    "Log in", "Login", "Register", "Explore", "Search datasets...", "Datasets",
    "Organizations", "Groups", "About", "Powered by", "Toggle navigation",
    "Popular tags", "Skip to main content", "Welcome to CKAN",
    "This is a nice introductory paragraph about CKAN or the site in general.",
    "This is a featured section",
    # CKAN core, dataset/resource pages and forms
    "Finish", "Next: Add Data", "The form contains invalid entries:", "Visibility",
    "Private", "Link", "Upload", "Manage", "Source", "Maintainer",
    "Last Updated", "State", "Preview", "More information", "Go to resource",
    "No datasets found", "Order by", "Data and Resources", "Additional Info",
    "Edit metadata", "Add new resource", "Activity Stream", "Followers",
    "Filter Results", "Licenses", "Formats", "Tags", "Create Dataset",
    "Update Dataset", "Delete", "Cancel", "Previous", "Add", "Remove",
    "Resources", "Dataset", "Resource", "Organization", "Description",
    "Add new resource",
    # CKAN 2.12 core (aria-labels and the edit form's button; lib/core_strings.py)
    "Unpublish", "Close modal", "Filter by", "Navigate to resource", "Navigate to dataset",
    "Open details page for", "Current resource",
    "Title", "Name", "Required field", "Social", "Share",
    "Download", "Username", "Password", "Remember me", "Forgot your password?",
    "Need an Account?", "Full Name", "Confirm", "Create Account",
    "Metadata last updated", "Created", "Data last updated", "Field", "Value",
    "Search Datasets...", "Search data", "Search datasets", "E.g. environment",
    "Account", "Profile settings", "Submit", "Views", "Edit resource",
    "Reorder resources", "Username or Email", "Forgotten your password?",
    "Why Sign Up?", "Social", "This dataset satisfies the Open Definition.",
    "Validation status", "Url type", "Has views", "Datasets in organization",
    "CKAN Organizations are used", "You can use CKAN Groups", "What's a resource?",
    "CKAN is the world’s leading open-source data portal platform.",
    # the suite's own codes and words
    "Validation report", "Procedure", "Progress", "Census", "Methodology",
    "Data standards", "Open data of Timișoara", "Observed by the portal",
    "during the upload", "in the background",
]

#: Romanian strings of the suite seen on English pages.
ROMANIAN = [
    "Autentificare", "Înregistrare", "Seturi de date", "Organizații", "Căutare",
    "Despre", "Explorează", "Descarcă", "Resurse", "Etichete", "Licență",
    "Date deschise ale municipiului Timișoara", "Recensământ", "Metodologie",
    "Procedură", "Progres", "Raport de validare", "Standardele de date ale orașului",
    "aprobată", "trimisă", "ciornă", "în analiză",
    "sincron", "în fundal", "finalizat", "omis", "de făcut", "Constatat de portal",
    "în timpul încărcării", "Stare validare",
]

#: Raw codes that must be shown with a label on Romanian pages (checked as
#: whole words, so "success" inside a CSS class does not count: classes are
#: not visible text).
RAW_CODES = [
    "success", "failure", "error", "pending", "running", "sync", "background",
    "draft", "submitted", "under_review", "approved", "restricted", "rejected",
    "duplicate", "in_publication", "published", "todo", "in_progress", "done",
    "skipped",
]

#: Raw codes an English page must not show either (codes with an
#: underscore are never words).
RAW_CODES_EN = ["under_review", "in_publication", "in_progress", "sync", "success", "failure"]

#: A machine timestamp (``2026-03-02T08:00:00.123456``, ``2026-03-02
#: 08:00:00``) in visible text: people read dates as dates.
MACHINE_TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}(?:T| )\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\b")
