"""Edge cache settings with their defaults (see core.conf)."""

from core.conf import AppSettings

conf = AppSettings({
    # nginx's proxy_cache_path on this machine; empty: no nginx in front (embedded default).
    "EDGE_CACHE_DIR": "",
    # A second purge this many seconds after each change catches pages stored mid-change.
    "EDGE_CACHE_REPURGE_DELAY": 0.5,
})
