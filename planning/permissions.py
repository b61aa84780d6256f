"""Who may see and change a planned story.

Reporters hold `add_story`: they propose, see what involves them (proposed by them, assigned
to them, or on the crew), and edit or delete their own proposals until an editor takes them
up. Editors hold `change_story` and `assign_story`: they see every story, approve and assign.
Approvers also hold `delete_story`. The admin views ask this policy for every object, so a
forged request is refused however it reaches them.
"""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

OWN_ACTIONS = {"change", "delete", "view"}


class StoryPermissionPolicy(ModelPermissionPolicy):
    def _has(self, user, action: str) -> bool:
        return user.is_active and user.has_perm(self._get_permission_name(action))

    def _sees_all(self, user) -> bool:
        return self._has(user, "change") or self._has(user, "view")

    def user_has_permission(self, user, action: str) -> bool:
        if action in OWN_ACTIONS:
            # 'add' means there may be stories of their own to see, edit or delete.
            return self._has(user, action) or self._has(user, "add") or (
                action == "view" and self._sees_all(user)
            )
        return self._has(user, action)

    def user_has_permission_for_instance(self, user, action: str, instance) -> bool:
        from planning.models import StoryStatus

        if self._has(user, action) or (action == "view" and self._sees_all(user)):
            return True
        if action not in OWN_ACTIONS or not (user.pk and self._has(user, "add")):
            return False
        if action == "view":
            return type(instance).objects.involving(user).filter(pk=instance.pk).exists()
        return instance.proposed_by_id == user.pk and instance.status == StoryStatus.PROPOSED

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        from planning.models import StoryStatus

        manager = self.model._default_manager
        if not (user.is_active and user.is_authenticated):
            return manager.none()
        if any(self._has(user, a) for a in actions) or (
            "view" in actions and self._sees_all(user)
        ):
            return manager.all()
        if not (OWN_ACTIONS & set(actions) and self._has(user, "add")):
            return manager.none()
        if "view" in actions:
            return manager.involving(user)
        return manager.filter(proposed_by=user, status=StoryStatus.PROPOSED)
