"""Run the shipped Alembic migrations programmatically (no alembic.ini at runtime).

Alembic is imported only when a migration actually runs. Importing it pulls in Mako and the
SQLAlchemy dialects of every database Alembic supports: a few hundred milliseconds at each
start of the bundled station (bench.startup), while the store is already at head on every
start but the first after an update. Reading the head revision and the store's stamp needs
no Alembic.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
# The header lines Alembic's template writes in every revision file.
_REVISION = re.compile(r"""^revision\s*=\s*['"]([^'"]+)['"]""", re.MULTILINE)
_DOWN_REVISION = re.compile(r"""^down_revision\s*=\s*['"]([^'"]+)['"]""", re.MULTILINE)


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config  # noqa: PLC0415 - see the module docstring

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # env.py uses this connection instead of building an engine from a URL.
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest shipped revision, from the revision files' own headers; Alembic's
    ScriptDirectory decides when they do not name exactly one head (e.g. a merge)."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(text))
        revised.update(_DOWN_REVISION.findall(text))
    heads = revisions - revised
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - see the module docstring

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The revision the file is stamped with (None for a new, empty file)."""
    stamped = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if stamped is None:
        return None
    version = connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    return str(version) if version is not None else None


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command  # noqa: PLC0415 - see the module docstring

    command.upgrade(alembic_config(connection), revision)


def downgrade(connection: Connection, revision: str) -> None:
    from alembic import command  # noqa: PLC0415 - see the module docstring

    command.downgrade(alembic_config(connection), revision)
