"""Fixtures the cross-app tests borrow from the apps' own test packages."""

from syndication.tests.conftest import portal, site_content  # noqa: F401
