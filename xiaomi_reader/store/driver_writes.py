"""Inserts handed straight to the ``sqlite3`` driver, for the library's hot writes.

SQLAlchemy compiles a Core insert and processes its parameters on every call,
which costs several times SQLite's own insert of one annotation (or of a
thousand articles in one executemany). A :class:`DriverInsert` is compiled once
per table and set of columns, applies each column's bind processing itself (the
datetimes' conversion to stored text, exactly as SQLAlchemy would) and runs on
the connection of the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import Any, ClassVar

from sqlalchemy import Connection, Table, insert

__all__ = ["DriverInsert", "driver_of"]


def driver_of(connection: Connection) -> sqlite3.Connection:
    """The ``sqlite3`` connection under ``connection``, in the same transaction."""
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver


class DriverInsert:
    """``INSERT INTO table (columns…)``, compiled once, run on the driver."""

    _cache: ClassVar[dict[tuple[str, str, tuple[str, ...]], DriverInsert]] = {}

    def __init__(self, connection: Connection, table: Table, columns: tuple[str, ...]) -> None:
        dialect = connection.dialect
        compiled = insert(table).compile(dialect=dialect, column_keys=list(columns))
        self.sql = compiled.string
        self._in_order = itemgetter(*(compiled.positiontup or ()))
        self._processors = {
            key: processor
            for key in columns
            if (processor := table.c[key].type.bind_processor(dialect)) is not None
        }

    @classmethod
    def of(cls, connection: Connection, table: Table, columns: Sequence[str]) -> DriverInsert:
        key = (connection.dialect.name, table.name, tuple(columns))
        found = cls._cache.get(key)
        if found is None:
            found = cls._cache[key] = cls(connection, table, key[2])
        return found

    def parameters(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        if self._processors:
            row = {**row, **{key: process(row[key]) for key, process in self._processors.items()}}
        values = self._in_order(row)
        return values if isinstance(values, tuple) else (values,)

    def one(self, connection: Connection, row: Mapping[str, Any]) -> int:
        """Insert one row; its new id."""
        cursor = driver_of(connection).execute(self.sql, self.parameters(row))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def many(self, connection: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert every row with one executemany."""
        driver_of(connection).executemany(self.sql, [self.parameters(row) for row in rows])
