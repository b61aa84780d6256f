"""Settings split by environment: base, dev, production, test (pick with DJANGO_SETTINGS_MODULE)."""
