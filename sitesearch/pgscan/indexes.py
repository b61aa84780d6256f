"""PostgreSQL: the index table and the expression indexes the scan asks by name.

The expressions must be written exactly as the migrations created them (0004 to 0006), or
the planner would not use the indexes; rebuilds drop and re-create them from these too.
"""

TABLE = "sitesearch_searchentry"
# Word pairs (migration 0004): anywhere, and in title/tags alone.
PAIRS = "sitesearch_pairs(head_folded, body_folded)"
HEAD_PAIRS = "sitesearch_pairs(head_folded, '')"
# Word triples (migration 0005), for phrases of three words or more; each row's month
# ("_202611", UTC) is in the same index, so a common phrase is listed newest months first.
TRIPLES = "sitesearch_triples(head_folded, body_folded, published_at)"
HEAD_TRIPLES = "sitesearch_triples(head_folded, '', published_at)"
SHINGLE_INDEXES = {2: (PAIRS, HEAD_PAIRS), 3: (TRIPLES, HEAD_TRIPLES)}
# Title/tag words, and exact words, with the month (migration 0006).
HEAD_MONTHS = "sitesearch_head_months(head_folded, published_at)"
_MONTH_SQL = ("'_' || (extract(year FROM published_at AT TIME ZONE 'UTC')::int * 100 "
              "+ extract(month FROM published_at AT TIME ZONE 'UTC')::int)::text")
EXACT_MONTHS = f"(exact_lex || array_to_tsvector(ARRAY[{_MONTH_SQL}]))"
# The sampled shares of the pairs and triples (refresh_pair_stats), for the plan choice.
PAIR_STATS = "sitesearch_pairstats"
