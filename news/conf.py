"""News settings with their defaults (see core.conf)."""

from core.conf import AppSettings

conf = AppSettings({
    # Article and one-section listing queries as server-side prepared statements on PostgreSQL
    # (off behind a pooler in transaction mode, which cannot keep them).
    "PREPARED_PAGE_QUERIES": True,
})
