"""Migration operations that change big tables without keeping readers out.

`MakeTranslatable` gives an existing table Wagtail's `TranslatableMixin` columns (``locale``,
``translation_key``) and the unique pair, plus any new indexes that mention them. Django's
state after it is exactly what `makemigrations` would write for the mixin; the database work
differs by vendor:

* PostgreSQL (the migration must be ``atomic = False``): each step is its own short
  transaction. ``locale_id`` is added with the default locale as a constant default (no table
  rewrite on PostgreSQL 11+, existing rows read it at once), ``translation_key`` is added
  empty and filled by id range in batches with ``gen_random_uuid()``, indexes are built
  ``CONCURRENTLY``, the foreign key and NOT NULL go through constraints added ``NOT VALID``
  and validated afterwards (a validation locks out no reader or writer). The statements that
  need a table lock wait at most `LOCK_TIMEOUT` and retry, so readers never queue for long
  behind one of them.
* Other databases (SQLite): the plain sequence (add nullable, fill, make NOT NULL, add the
  constraint and indexes).
"""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.db import models
from django.db.migrations.operations import AddConstraint, AddField, AddIndex, AlterField
from django.db.migrations.operations.base import Operation

BATCH_ROWS = 20_000
LOCK_TIMEOUT = "200ms"
LOCK_ATTEMPTS = 100


def locale_field(null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(
        editable=False, null=null, on_delete=models.deletion.PROTECT, related_name="+",
        to="wagtailcore.locale", verbose_name="locale",
    )


def translation_key_field(null: bool = False) -> models.UUIDField:
    if null:
        return models.UUIDField(editable=False, null=True)
    return models.UUIDField(default=uuid.uuid4, editable=False)


def translation_constraint(model_name: str, app_label: str) -> models.UniqueConstraint:
    """The pair TranslatableMixin requires, named as Wagtail's check suggests."""
    return models.UniqueConstraint(
        fields=("translation_key", "locale"),
        name=f"unique_translation_key_locale_{app_label}_{model_name}",
    )


class MakeTranslatable(Operation):
    """Add TranslatableMixin's fields to `model_name`, existing rows in the default locale."""

    reversible = True
    atomic = False

    def __init__(self, model_name: str, indexes: list[models.Index] | None = None) -> None:
        self.model_name = model_name.lower()
        self.indexes = list(indexes or [])

    def deconstruct(self):
        return (self.__class__.__name__, [self.model_name], {"indexes": self.indexes})

    def describe(self) -> str:
        return f"Give {self.model_name} a locale and a translation key"

    @property
    def migration_name_fragment(self) -> str:
        return f"{self.model_name}_translatable"

    def state_operations(self, app_label: str) -> list[Operation]:
        return [
            AddField(self.model_name, "translation_key", translation_key_field()),
            AddField(self.model_name, "locale", locale_field()),
            AddConstraint(self.model_name, translation_constraint(self.model_name, app_label)),
            *(AddIndex(self.model_name, index) for index in self.indexes),
        ]

    def state_forwards(self, app_label, state) -> None:
        for operation in self.state_operations(app_label):
            operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            self._postgresql_forwards(app_label, schema_editor, model)
        else:
            self._plain_forwards(app_label, schema_editor, from_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        """The plain steps undone in reverse order (dropping is quick on every database)."""
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model):
            return
        states = [to_state]
        for step in self._plain_steps(app_label):
            next_state = states[-1].clone()
            step.state_forwards(app_label, next_state)
            states.append(next_state)
        for position, step in reversed(list(enumerate(self._plain_steps(app_label)))):
            step.database_backwards(app_label, schema_editor, states[position + 1],
                                    states[position])

    # --- SQLite and others: the ordinary operations, one after the other ----------------------

    def _plain_steps(self, app_label) -> list[Operation]:
        return [
            AddField(self.model_name, "translation_key", translation_key_field(null=True)),
            AddField(self.model_name, "locale", locale_field(null=True)),
            _FillTranslationColumns(self.model_name),
            AlterField(self.model_name, "translation_key", translation_key_field()),
            AlterField(self.model_name, "locale", locale_field()),
            AddConstraint(self.model_name, translation_constraint(self.model_name, app_label)),
            *(AddIndex(self.model_name, index) for index in self.indexes),
        ]

    def _plain_forwards(self, app_label, schema_editor, from_state) -> None:
        state = from_state
        for step in self._plain_steps(app_label):
            next_state = state.clone()
            step.state_forwards(app_label, next_state)
            step.database_forwards(app_label, schema_editor, state, next_state)
            state = next_state

    # --- PostgreSQL: short steps, each in its own transaction ----------------------------------

    def _postgresql_forwards(self, app_label, schema_editor, model) -> None:
        connection = schema_editor.connection
        if connection.in_atomic_block:
            raise RuntimeError(
                f"{self.__class__.__name__} on PostgreSQL needs a migration with atomic = False."
            )
        table = model._meta.db_table
        quote = schema_editor.quote_name
        qtable = quote(table)
        default_locale = default_locale_id(connection)
        column = "locale_id"
        fk_name = schema_editor._create_index_name(
            table, [column], suffix="_fk_wagtailcore_locale_id")
        fk_index = schema_editor._create_index_name(table, [column], suffix="")
        unique_name = translation_constraint(self.model_name, app_label).name
        check_name = f"{table}_translatable_not_null"[:63]

        with connection.cursor() as cursor:
            # Constant default: existing rows read it without a rewrite; new rows written by
            # code that does not know the column yet land in the default locale as well.
            _briefly(cursor, f"ALTER TABLE {qtable} ADD COLUMN IF NOT EXISTS {column} integer "
                             f"DEFAULT {int(default_locale)}")
            _briefly(cursor, f"ALTER TABLE {qtable} ADD COLUMN IF NOT EXISTS translation_key "
                             "uuid NULL")
            cursor.execute(f"SELECT min(id), max(id) FROM {qtable}")
            low, high = cursor.fetchone()
            if low is not None:
                start = low
                while start <= high:
                    cursor.execute(
                        f"UPDATE {qtable} SET translation_key = gen_random_uuid() "
                        "WHERE id >= %s AND id < %s AND translation_key IS NULL",
                        [start, start + BATCH_ROWS],
                    )
                    start += BATCH_ROWS
            # Rows inserted while the batches ran.
            cursor.execute(f"UPDATE {qtable} SET translation_key = gen_random_uuid() "
                           "WHERE translation_key IS NULL")
            _briefly(cursor, f"ALTER TABLE {qtable} ALTER COLUMN {column} DROP DEFAULT")

            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(unique_name)}")
            cursor.execute(f"CREATE UNIQUE INDEX CONCURRENTLY {quote(unique_name)} "
                           f"ON {qtable} (translation_key, {column})")
            _briefly(cursor, f"ALTER TABLE {qtable} ADD CONSTRAINT {quote(unique_name)} "
                             f"UNIQUE USING INDEX {quote(unique_name)}")
            cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(fk_index)}")
            cursor.execute(f"CREATE INDEX CONCURRENTLY {quote(fk_index)} ON {qtable} ({column})")

            _briefly(cursor, f"ALTER TABLE {qtable} ADD CONSTRAINT {quote(fk_name)} "
                             f"FOREIGN KEY ({column}) REFERENCES {quote('wagtailcore_locale')} "
                             "(id) DEFERRABLE INITIALLY DEFERRED NOT VALID")
            cursor.execute(f"ALTER TABLE {qtable} VALIDATE CONSTRAINT {quote(fk_name)}")
            _briefly(cursor, f"ALTER TABLE {qtable} ADD CONSTRAINT {quote(check_name)} "
                             f"CHECK ({column} IS NOT NULL AND translation_key IS NOT NULL) "
                             "NOT VALID")
            cursor.execute(f"ALTER TABLE {qtable} VALIDATE CONSTRAINT {quote(check_name)}")
            # With the validated check, PostgreSQL 12+ sets NOT NULL without scanning.
            _briefly(cursor, f"ALTER TABLE {qtable} ALTER COLUMN {column} SET NOT NULL, "
                             "ALTER COLUMN translation_key SET NOT NULL")
            _briefly(cursor, f"ALTER TABLE {qtable} DROP CONSTRAINT {quote(check_name)}")

        for index in self.indexes:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {quote(index.name)}")
            schema_editor.add_index(model, index, concurrently=True)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {qtable}")


class _FillTranslationColumns(Operation):
    """Existing rows: the default locale and a fresh translation key each (plain databases)."""

    reduces_to_sql = False

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def state_forwards(self, app_label, state) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        model = to_state.apps.get_model(app_label, self.model_name)
        alias = schema_editor.connection.alias
        locale = default_locale_id(schema_editor.connection)
        model._base_manager.using(alias).filter(locale__isnull=True).update(locale_id=locale)
        table = schema_editor.quote_name(model._meta.db_table)
        ids = list(model._base_manager.using(alias).filter(translation_key__isnull=True)
                   .values_list("pk", flat=True))
        with schema_editor.connection.cursor() as cursor:
            for start in range(0, len(ids), BATCH_ROWS):
                cursor.executemany(
                    f"UPDATE {table} SET translation_key = %s WHERE id = %s",
                    [(uuid.uuid4().hex, pk) for pk in ids[start:start + BATCH_ROWS]],
                )

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        pass


def default_locale_id(connection) -> int:
    """The id of the default language's Locale row, made if missing."""
    code = settings.LANGUAGE_CODE
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM wagtailcore_locale WHERE language_code = %s", [code])
        row = cursor.fetchone()
        if row is None:
            cursor.execute("INSERT INTO wagtailcore_locale (language_code) VALUES (%s)", [code])
            cursor.execute("SELECT id FROM wagtailcore_locale WHERE language_code = %s", [code])
            row = cursor.fetchone()
    return row[0]


def _briefly(cursor, sql: str) -> None:
    """Run a statement that needs a table lock, waiting at most LOCK_TIMEOUT each attempt.

    A statement queued for an exclusive lock makes every later reader queue behind it; giving
    up quickly and retrying keeps readers' waits to a moment even behind a long transaction.
    """
    from django.db.utils import OperationalError

    cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
    try:
        for attempt in range(LOCK_ATTEMPTS):
            try:
                cursor.execute(sql)
                return
            except OperationalError as error:
                if "lock timeout" not in str(error) or attempt == LOCK_ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
    finally:
        cursor.execute("RESET lock_timeout")
