"""The alembic environment of the suite's plugins (``migration/<plugin>/env.py``
calls :func:`run`): each plugin keeps its own version table
(``<plugin>_alembic_version``) and only touches tables whose names start
with ``tmopendata_``."""
from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

from ckan.model.meta import metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return type_ != "table" or name.startswith("tmopendata_")


def run(plugin: str) -> None:
    """Run the migrations of ``plugin`` (offline or online, as alembic was
    asked)."""
    config = context.config
    if config.config_file_name:
        fileConfig(config.config_file_name)
    options = {
        "target_metadata": metadata,
        "version_table": f"{plugin}_alembic_version",
        "include_object": include_object,
    }
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool,
    )
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()
