"""A paginator for the admin's article list that does not COUNT(*) a million rows.

Wagtail's listing shows "N articles" and page links, which makes Django's paginator count the
whole (filtered) table on every request. On PostgreSQL the planner's row estimate is good enough
for big listings; small listings (a filter or search that matches few rows) are still counted
exactly.
"""

from __future__ import annotations

import json

from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property
from wagtail.admin.paginator import WagtailPaginator

EXACT_COUNT_BELOW = 2_000


def estimated_count(queryset: QuerySet) -> int | None:
    """The planner's row estimate for the queryset on PostgreSQL, else None."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(WagtailPaginator):
    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            estimate = estimated_count(self.object_list)
            if estimate is not None and estimate >= EXACT_COUNT_BELOW:
                return estimate
        return super().count
