"""Files shipped with the package: ``schemas/`` and ``census/``.

In the repository they live at the top level (``schemas/``, ``census/``);
``resources/schemas`` and ``resources/census`` are links to them, and
``setup.py`` packages their contents, so an installed extension (editable or
not) finds them here.
"""
from __future__ import annotations

import pathlib

ROOT = pathlib.Path(__file__).resolve().parent


def schemas_dir() -> pathlib.Path:
    """Folder holding scheming YAML and Frictionless Table Schemas."""
    return ROOT / "schemas"


def census_dir() -> pathlib.Path:
    """Folder holding the census methodology, templates and demo inventory."""
    return ROOT / "census"
