"""Alembic environment of this plugin's migrations (the suite's shared one)."""
import os

from ckanext.tmopendata.lib.alembic_env import run

run(os.path.basename(os.path.dirname(os.path.abspath(__file__))))
