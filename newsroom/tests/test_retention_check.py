"""A retention period below twelve months is refused by Django's system checks."""

from newsroom.checks import retention_is_long_enough


def test_retention_below_a_year_is_an_error(settings):
    settings.NEWSROOM_RETENTION_DAYS = 364
    assert [error.id for error in retention_is_long_enough()] == ["newsroom.E001"]


def test_a_year_or_more_passes(settings):
    settings.NEWSROOM_RETENTION_DAYS = 365
    assert retention_is_long_enough() == []
    settings.NEWSROOM_RETENTION_DAYS = 730
    assert retention_is_long_enough() == []
