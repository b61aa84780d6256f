"""Admin and serving hooks of core: private documents."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import BaseViewRestriction


@hooks.register("before_serve_document", order=-1)
def refuse_signed_in_outsiders(document, request: HttpRequest) -> None:
    """A signed-in user outside a private collection's groups gets 403 (Vietnamese page).

    Wagtail's own answer, its sign-in page, would send someone already signed in straight back
    to the document, round and round; visitors who are not signed in still get the sign-in page,
    and password restrictions their form.
    """
    if not request.user.is_authenticated:
        return
    for restriction in document.collection.get_view_restrictions():
        if (restriction.restriction_type != BaseViewRestriction.PASSWORD
                and not restriction.accept_request(request)):
            raise PermissionDenied
