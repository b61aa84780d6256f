"""PostgreSQL: the count and the ranking windows of one search, from a single scan.

Quoted phrases are checked with strpos on the token columns, whose body lives out of line:
each row holding all of a phrase's words costs a body read, so a rare phrase of common words
("tăng tốc tỉnh") would read nearly every body. The word pairs and triples of every article
(migrations 0004, 0005) narrow such a phrase to the rows holding all its shingles, listed
newest first. Common phrases ("nông thôn mới") are still walked.

* ``indexes``: the index table and the expression indexes asked by name;
* ``stats``: how common words and phrases are (the plan's estimates);
* ``plan``: the cost of each way to read the matches, and the choice;
* ``statements``: the SQL of a scan and the cursor carrying its planner settings;
* ``scanner``: the scan itself, deriving exactly the generic path's candidates and flags.
"""

from sitesearch.pgscan.indexes import (
    EXACT_MONTHS,
    HEAD_MONTHS,
    HEAD_PAIRS,
    HEAD_TRIPLES,
    PAIRS,
    TRIPLES,
)
from sitesearch.pgscan.scanner import ScanResult, scan
from sitesearch.pgscan.statements import SCAN_SETTINGS, Filters, Row
from sitesearch.pgscan.stats import STATS, Pairs, pairs_of, refresh_pair_stats

__all__ = [
    "EXACT_MONTHS", "HEAD_MONTHS", "HEAD_PAIRS", "HEAD_TRIPLES", "PAIRS", "SCAN_SETTINGS", "STATS",
    "TRIPLES", "Filters", "Pairs", "Row", "ScanResult", "pairs_of", "refresh_pair_stats", "scan",
]
