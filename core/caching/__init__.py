"""Caching shared by every public page: the content generation, memos per generation, the page
shell, and the registrations through which apps say what a change must purge."""
