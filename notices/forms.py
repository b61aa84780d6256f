"""Admin form for announcements: text kept in NFC (core.textinput)."""

from wagtail.admin.forms import WagtailAdminModelForm

from core.textinput import NFCFormMixin


class AnnouncementAdminForm(NFCFormMixin, WagtailAdminModelForm):
    pass
