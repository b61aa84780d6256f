"""Who may do what to an article: Django model permissions plus "reporters edit their own".

Wagtail asks the registered permission policy for every snippet action. Model permissions
decide everything except ownership: a user holding only `add_article` (a reporter) may edit
and delete articles they own, as long as the article was never withdrawn, and may delete only
drafts that were never published. Publishing, unpublishing, locking and purging stay model
permissions, which reporters do not hold.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

OWN_ACTIONS = {"change", "delete"}


class ArticlePermissionPolicy(ModelPermissionPolicy):
    """ModelPermissionPolicy with an ownership rule for reporters."""

    def _has(self, user, action: str) -> bool:
        return user.has_perm(self._get_permission_name(action))

    def user_has_permission(self, user, action: str) -> bool:
        if action in OWN_ACTIONS:
            # 'add' means there are potentially articles of their own to edit or delete.
            return self._has(user, action) or self._has(user, "add")
        return self._has(user, action)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        if action not in OWN_ACTIONS:
            return self._has(user, action)
        if self._has(user, action):
            return True
        if not (self._has(user, "add") and user.pk and instance.owner_id == user.pk):
            return False
        if instance.withdrawn_at is not None:
            return False
        if action == "delete":
            return not instance.live and instance.first_published_at is None
        return True

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        manager = self.model._default_manager
        if not (user.is_active and user.is_authenticated):
            return manager.none()
        if any(self._has(user, action) for action in actions):
            return manager.all()
        if OWN_ACTIONS & set(actions) and self._has(user, "add"):
            own = Q(owner=user, withdrawn_at__isnull=True)
            if "change" not in actions:
                own &= Q(live=False, first_published_at__isnull=True)
            return manager.filter(own)
        return manager.none()

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        if OWN_ACTIONS & set(actions) and instance.owner_id:
            owner = get_user_model().objects.filter(pk=instance.owner_id, is_active=True)
            return (users | owner).distinct()
        return users
