"""Admin forms for sections and articles: one edition's sections only, text kept in NFC."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import Locale

from core.textinput import NFCFormMixin


def _locale_id(instance) -> int | None:
    if instance.locale_id is None:
        try:
            return Locale.get_default().pk
        except Locale.DoesNotExist:
            return None
    return instance.locale_id


class SectionAdminForm(NFCFormMixin, WagtailAdminModelForm):
    """The parent chooser offers the sections of the section's own language."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "parent" in self.fields:
            self.fields["parent"].queryset = self.fields["parent"].queryset.filter(
                locale_id=_locale_id(self.instance))


class ArticleAdminForm(NFCFormMixin, WagtailAdminModelForm):
    """The section choosers offer the sections of the article's own language: a section of
    another edition posted anyway is refused as an invalid choice."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        locale_id = _locale_id(self.instance)
        for name in ("primary_section", "topic_sections"):
            if name in self.fields:
                self.fields[name].queryset = self.fields[name].queryset.filter(
                    locale_id=locale_id)
