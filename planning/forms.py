"""The story form (status moves checked against the stored status) and the assign form."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from newsroom import roles
from planning.models import (
    NEEDS_ASSIGNEE,
    Story,
    StoryStatus,
    manual_move_allowed,
    move_refusal,
    step,
)


def newsroom_people():
    """Active people in a newsroom role: who can be assigned a story or join its crew."""
    return (get_user_model().objects.filter(is_active=True, groups__name__in=roles.ROLES)
            .distinct().order_by("first_name", "last_name", "username"))


class PersonChoiceMixin:
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.get_username()


class PersonChoiceField(PersonChoiceMixin, forms.ModelChoiceField):
    pass


class PeopleChoiceField(PersonChoiceMixin, forms.ModelMultipleChoiceField):
    pass


def _people_fields(form: forms.ModelForm) -> None:
    people = newsroom_people()
    if "assignee" in form.fields:
        old = form.fields["assignee"]
        form.fields["assignee"] = PersonChoiceField(
            queryset=people, required=old.required, label=old.label, help_text=old.help_text,
        )
    if "crew" in form.fields:
        old = form.fields["crew"]
        form.fields["crew"] = PeopleChoiceField(
            queryset=people, required=False, label=old.label, help_text=old.help_text,
            widget=forms.CheckboxSelectMultiple,
        )


class StoryForm(WagtailAdminModelForm):
    """Status, assignee, crew and article are editors' fields (FieldPanel permission); a
    reporter's form has none of them, so a forged value for them is never read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_status = (
            Story.objects.filter(pk=self.instance.pk).values_list("status", flat=True).first()
            if self.instance.pk else StoryStatus.PROPOSED
        )
        _people_fields(self)

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if "status" not in self.fields or status is None:
            return cleaned
        if not manual_move_allowed(self.stored_status, status):
            self.add_error("status", move_refusal(self.stored_status, status))
            return cleaned
        article = cleaned.get("article")
        if article is not None and "article" in self.changed_data:
            # The chosen article may already be further along: the story follows it.
            probe = Story(article=article)
            derived = probe.status_from_article()
            if step(derived) > step(status):
                cleaned["status"] = status = derived
        if status in NEEDS_ASSIGNEE and "assignee" in self.fields and not cleaned.get("assignee"):
            self.add_error("assignee", _("Choose the reporter before assigning the story."))
        return cleaned


class AssignForm(WagtailAdminModelForm):
    """Approve a proposal and give it to a reporter, with crew and a due time."""

    class Meta:
        model = Story
        fields = ["assignee", "crew", "due_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _people_fields(self)
        self.fields["assignee"].required = True

    def clean(self):
        cleaned = super().clean()
        if self.instance.status == StoryStatus.PUBLISHED:
            raise forms.ValidationError(_("The story is already published; it cannot be "
                                          "assigned again."))
        return cleaned
