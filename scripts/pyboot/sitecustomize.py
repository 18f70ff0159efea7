"""Loaded at start-up by every Python process of a test run (scripts/test.sh
puts this folder on PYTHONPATH; pytest, `ckan run` live servers, `ckan db`
and CLI subprocesses inherit it).

The shared virtualenv has the extension installed in editable mode, and
setuptools' editable finder maps ``ckanext.tmopendata`` to the checkout it
was installed from, whatever PYTHONPATH says (``ckanext`` is a
``pkg_resources`` namespace package whose ``__path__`` only lists
site-packages). To test THIS checkout's code, its ``ckanext`` folder is put
first on ``ckanext.__path__``: Python's path finder then finds
``ckanext.tmopendata`` here before the editable finder is asked.
"""
import os

_src = os.environ.get("TMOPENDATA_SRC")
if _src:
    try:
        import ckanext

        _folder = os.path.join(_src, "ckanext")
        if os.path.isdir(os.path.join(_folder, "tmopendata")) and _folder not in ckanext.__path__:
            ckanext.__path__.insert(0, _folder)
    except Exception:  # never break the interpreter's start-up
        pass
