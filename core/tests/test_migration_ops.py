"""The language migration runs outside a transaction, and on PostgreSQL refuses to run in one:
inside a transaction CREATE INDEX CONCURRENTLY fails and every lock would be held to the end,
keeping readers of a million-row table out for the whole backfill."""

from __future__ import annotations

import importlib

import pytest
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from core.migration_ops import MakeTranslatable

MIGRATIONS = [("news", "0006_section_article_locale"), ("notices", "0003_announcement_locale")]


@pytest.mark.parametrize("app, name", MIGRATIONS)
def test_language_migrations_are_not_atomic(app, name):
    migration = importlib.import_module(f"{app}.migrations.{name}").Migration
    assert migration.atomic is False
    assert any(isinstance(op, MakeTranslatable) for op in migration.operations)


@pytest.mark.postgres  # SQLite runs the plain steps, inside or outside a transaction
@pytest.mark.django_db
def test_on_postgresql_the_operation_refuses_a_transaction():
    loader = MigrationLoader(connection)
    from_state = loader.project_state(("news", "0005_article_expiry_index"))
    operation = MakeTranslatable("article")
    to_state = from_state.clone()
    operation.state_forwards("news", to_state)
    with transaction.atomic(), connection.schema_editor(atomic=False) as editor:
        with pytest.raises(RuntimeError, match="atomic = False"):
            operation.database_forwards("news", editor, from_state, to_state)


@pytest.mark.django_db
def test_state_equals_the_mixins_fields():
    """Django's state after the operation is what TranslatableMixin declares (makemigrations
    finds nothing to add)."""
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("makemigrations", "news", "notices", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
