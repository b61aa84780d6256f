"""Edge cache: anonymous pages cached by nginx, purged the moment published content changes."""
