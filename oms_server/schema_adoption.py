"""Databases made before the OMS had migrations, brought to revision 0001's shape.

Builds before Alembic made their tables with ``create_all`` and patched an older file at each
start: tables it lacked, columns added since (nullable, or NOT NULL with a default), indexes
added since, and returns' ``related_order_no`` copied from their body. Those fix-ups live on
here, for a demo or production database from such a build. They are driven by revision
0001's own operations, recorded rather than run, so they reach 0001's shape whatever the
models become; the caller then stamps 0001 and upgrades (``oms_server/schema_migrations.py``).
"""

from __future__ import annotations

import io
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from alembic.migration import MigrationContext
from alembic.operations import Operations
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, DefaultClause, Dialect, Index, Table, inspect, select, update

log = logging.getLogger("oms_server.schema")


@dataclass
class FirstShape:
    """The tables and indexes revision 0001 creates, as SQLAlchemy objects."""

    tables: list[Table] = field(default_factory=list)
    indexes: list[Index] = field(default_factory=list)

    def table(self, name: str) -> Table:
        return next(table for table in self.tables if table.name == name)


def first_shape(scripts: ScriptDirectory, dialect: Dialect) -> FirstShape:
    """Run 0001's ``upgrade()`` offline and keep the objects its operations would create."""
    first = scripts.get_revision("0001")
    assert first is not None and first.down_revision is None
    context = MigrationContext.configure(
        dialect=dialect, opts={"as_sql": True, "output_buffer": io.StringIO()}
    )
    shape = FirstShape()

    def record_table(table: Table, **_kw: Any) -> None:
        shape.tables.append(table)

    def record_index(index: Index, **_kw: Any) -> None:
        shape.indexes.append(index)

    # Alembic's operations hand their objects to the dialect's implementation to execute.
    context.impl.create_table = record_table  # type: ignore[method-assign]
    context.impl.create_index = record_index  # type: ignore[method-assign]
    with Operations.context(context):
        first.module.upgrade()
    return shape


def adopt(connection: Connection, scripts: ScriptDirectory) -> bool:
    """If the database holds tables of 0001 (and no ``alembic_version``, the caller checked),
    complete it to 0001's shape and answer True; an empty database is left alone (False)."""
    schema = inspect(connection)
    present = set(schema.get_table_names())
    if not present:
        return False
    # Alembic logs this offline run as "Generating static SQL": nothing is written by it.
    shape = first_shape(scripts, connection.dialect)
    if not present & {table.name for table in shape.tables}:
        return False
    log.info("OMS database from before migrations: completing it to revision 0001")
    indexes = {name: {index["name"] for index in schema.get_indexes(name)} for name in present}
    for table in shape.tables:
        if table.name in present:
            _add_missing_columns(connection, table, schema.get_columns(table.name))
        else:
            table.create(connection)
    for index in shape.indexes:
        assert isinstance(index.table, Table)
        if index.name not in indexes.get(index.table.name, set()):
            index.create(connection)
    _fill_return_orders(connection, shape.table("inbound_order"))
    return True


def _add_missing_columns(connection: Connection, table: Table, present: list[Any]) -> None:
    """Columns added since the file was made were all nullable or had a server default."""
    names = {column["name"] for column in present}
    for column in table.columns:
        if column.name in names:
            continue
        ddl = column.type.compile(dialect=connection.dialect)
        default = column.server_default
        suffix = ""
        if isinstance(default, DefaultClause) and isinstance(default.arg, str):
            suffix = f" DEFAULT '{default.arg}' NOT NULL"
        connection.exec_driver_sql(
            f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {ddl}{suffix}'
        )


def _fill_return_orders(connection: Connection, inbound_order: Table) -> None:
    """Returns stored before ``inbound_order.related_order_no`` existed: copy it from their
    body, so the check of a new return counts them (services/returns.py)."""
    columns = inbound_order.c
    rows = connection.execute(
        select(columns.inbound_no, columns.body_json).where(
            columns.related_order_no.is_(None),
            columns.body_json.like('%"related_order_no":"%'),
            columns.body_json.like('%"inbound_type":"RETURN"%'),
        )
    ).all()
    for inbound_no, body_json in rows:
        connection.execute(
            update(inbound_order)
            .where(columns.inbound_no == inbound_no)
            .values(related_order_no=json.loads(body_json).get("related_order_no"))
        )
