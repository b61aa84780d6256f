"""Helpers for the migrations that add GIN indexes over SQL functions of the token columns.

Underscored, so Django's migration loader does not take it for a migration. Each such index
comes with its IMMUTABLE SQL function; ANALYZE is told not to gather statistics on it,
which would compute the function for every sampled row (minutes at a million rows).
"""

from __future__ import annotations

TABLE = "sitesearch_searchentry"


def create(schema_editor, function_sql: str, indexes: dict[str, str]) -> bool:
    """The function, then each index (name → expression); False (nothing done) off PostgreSQL."""
    if schema_editor.connection.vendor != "postgresql":
        return False
    schema_editor.execute(function_sql)
    with schema_editor.connection.cursor() as cursor:
        # A GIN build sorts its entries in memory: far fewer, larger runs with more of it.
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
    for name, expression in indexes.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {TABLE} "
                              f"USING gin ({expression})")
        schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 0")
    return True


def drop(schema_editor, indexes: dict[str, str], function_signature: str) -> bool:
    if schema_editor.connection.vendor != "postgresql":
        return False
    for name in indexes:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {function_signature}")
    return True
