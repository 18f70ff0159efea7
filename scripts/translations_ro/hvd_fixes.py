"""Romanian translations of the HVD fixes: the organisation's bulk "Make
public" refused by the publication gate, the validation facet (merged by
scripts/translate_ro.py)."""
TRANSLATIONS = {
    # hvd/logic/action.py: bulk_update_public
    'Dataset "{name}": {problem}': "Setul de date „{name}”: {problem}",
    # hvd/views.py: the bulk page
    "Nothing was made public: some high-value datasets fail their publication checks. {problems}":
        "Nu s-a publicat nimic: unele seturi de date cu valoare ridicată nu trec verificările de publicare. {problems}",
    # hvd/logic/auth.py: tmopendata_validation_expire
    "Only sysadmins may close unfinished validations":
        "Doar administratorii de sistem pot închide validările neterminate",
    # hvd/hooks.py: search facet
    "Data validation": "Validarea datelor",
}
