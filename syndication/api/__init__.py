"""Public read API (django-ninja): one router module per resource, mounted by toasoan.api.

Anonymous and read-only. Every list is a keyset page (core.pagination) whose `after` cursor is
the id of the last item of the previous page, the same cursor as the portal's ?sau=, and lists
exactly what readers see (core.visibility). Successful answers are publicly cacheable for a
short time; each client is rate-limited (HTTP 429 + Retry-After).
"""
