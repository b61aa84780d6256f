"""Station identity shown in every page footer (the Press Law requires the licence to be shown)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from core.embeds import DEFAULT_EMBED_HOSTS, validate_embed_hosts


@register_setting(icon="site")
class StationSettings(BaseGenericSetting):
    """One row of legal and contact facts about the station, edited in the admin."""

    portal_name = models.CharField(
        _("portal name"), max_length=200,
        default="Trang thông tin điện tử tổng hợp",
        help_text=_("Shown in the header and the footer."),
    )
    station_name = models.CharField(_("station name"), max_length=200, default="")
    short_name = models.CharField(
        _("short name"), max_length=50, blank=True,
        help_text=_("Used in page titles and the re-publication notice, e.g. THST.vn."),
    )
    governing_body = models.CharField(_("governing body"), max_length=200, blank=True)
    director = models.CharField(_("director (person responsible)"), max_length=200, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=100, blank=True)
    licence_date = models.DateField(_("licence date"), null=True, blank=True)
    licence_issuer = models.CharField(_("licence issuer"), max_length=200, blank=True)
    licence_badge_url = models.URLField(_("licence badge link"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    fax = models.CharField(_("fax"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    copyright_notice = models.CharField(_("copyright notice"), max_length=500, blank=True)
    republication_notice = models.CharField(
        _("re-publication notice"), max_length=500, blank=True
    )
    embed_hosts = models.TextField(
        _("hosts allowed to embed"), blank=True, default=DEFAULT_EMBED_HOSTS,
        validators=[validate_embed_hosts],
        help_text=_("One host per line, e.g. https://www.youtube.com or *.example.vn. Players, "
                    "maps and video files in pages load only from this site and these hosts "
                    "(the Content-Security-Policy). A live channel's stream host is allowed on "
                    "its own page without being listed here."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("portal_name"), FieldPanel("station_name"), FieldPanel("short_name"),
             FieldPanel("governing_body"), FieldPanel("director")],
            heading=_("Station"),
        ),
        MultiFieldPanel(
            [FieldPanel("licence_number"), FieldPanel("licence_date"),
             FieldPanel("licence_issuer"), FieldPanel("licence_badge_url")],
            heading=_("Licence"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("fax"), FieldPanel("email")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("copyright_notice"), FieldPanel("republication_notice")],
            heading=_("Notices"),
        ),
        MultiFieldPanel([FieldPanel("embed_hosts")], heading=_("Embedded content")),
    ]

    class Meta:
        verbose_name = _("station information")
        verbose_name_plural = _("station information")

    def __str__(self) -> str:
        return self.station_name or str(self.portal_name)
