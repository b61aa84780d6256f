import pytest
from django.db import transaction

from sitesearch.tests.corpus import create_corpus


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """The labelled corpus, created once per module and rolled back after it."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            ids = create_corpus()
            yield ids
            transaction.set_rollback(True)
