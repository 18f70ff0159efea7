"""Romanian translations of the procedures/progress fixes (navigation, step
owners, overdue datasets on the procedures pages); merged by
scripts/translate_ro.py."""
TRANSLATIONS = {
    "Step owners must be members of the dataset's organisation ({organization}): {users}":
        "Responsabilii pașilor trebuie să fie membri ai instituției setului de date ({organization}): {users}",
    "Datasets overdue for an update": "Seturi de date cu actualizarea restantă",
    "update overdue": "actualizare restantă",
}
TRANSLATIONS["The dataset has no organisation: only sysadmins may own its steps (not: {users})"] = \
    "Setul de date nu aparține unei instituții: doar administratorii de sistem pot fi responsabili ai pașilor (nu: {users})"
TRANSLATIONS["Only sysadmins may check every procedure"] = \
    "Doar administratorii de sistem pot verifica toate procedurile"
