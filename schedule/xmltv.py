"""The schedule as XMLTV (the format of programme guides, set-top boxes and EPG tools).

The document follows Debian's xmltv.dtd (xmltv-util): channels first, then programmes in the
order the DTD gives their children (title, desc, category, language, url).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from lxml import etree

from broadcast.models import Channel
from core.visibility import is_visible
from schedule.models import Slot
from schedule.selectors import day_bounds, range_slots, station_zone, today

DAYS_BACK = 1
DAYS_AHEAD = 7
GENERATOR = "toasoan"
KHMER_START, KHMER_END = "\u1780", "\u17ff"


def xmltv_time(moment: dt.datetime) -> str:
    """"20261207193000 +0700": local time with its offset, as XMLTV writes it."""
    return moment.astimezone(station_zone()).strftime("%Y%m%d%H%M%S %z")


def text_lang(text: str, fallback: str) -> str:
    """"km" for Khmer script; else the programme's language, unless that is Khmer: a title
    in Latin letters on a Khmer programme is the Vietnamese one."""
    if any(KHMER_START <= char <= KHMER_END for char in text):
        return "km"
    return "vi" if fallback == "km" else fallback


def export(site_root: str, first_day: dt.date | None = None,
           last_day: dt.date | None = None) -> bytes:
    """From `first_day` (yesterday) through `last_day` (a week ahead), every channel."""
    first_day = first_day or today() - dt.timedelta(days=DAYS_BACK)
    last_day = last_day or today() + dt.timedelta(days=DAYS_AHEAD)
    start, end = day_bounds(first_day)[0], day_bounds(last_day)[1]
    root = etree.Element("tv", {"generator-info-name": GENERATOR,
                                "source-info-url": site_root})
    site = site_root.rstrip("/")
    for channel in Channel.objects.all():
        element = etree.SubElement(root, "channel", id=channel.code)
        etree.SubElement(element, "display-name", lang=channel.language or "vi").text = \
            channel.name
        etree.SubElement(element, "url").text = f"{site}/lich-phat-song/{channel.code}/"
    for slot in range_slots(start, end):
        add_programme(root, slot, site)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE tv SYSTEM "xmltv.dtd">')


def add_programme(root: etree._Element, slot: Slot, site: str) -> None:
    language = (slot.programme.language if slot.programme else slot.channel.language) or "vi"
    element = etree.SubElement(root, "programme", start=xmltv_time(slot.starts_at),
                               stop=xmltv_time(slot.ends_at), channel=slot.channel.code)
    etree.SubElement(element, "title", lang=text_lang(slot.title, language)).text = slot.title
    if slot.title_km and slot.title_km != slot.title:
        etree.SubElement(element, "title", lang="km").text = slot.title_km
    if slot.description:
        etree.SubElement(element, "desc", lang=text_lang(slot.description, language)).text = \
            slot.description
    if slot.programme is not None:
        etree.SubElement(element, "category", lang="vi").text = slot.programme.name
        if slot.programme.name_km:
            etree.SubElement(element, "category", lang="km").text = slot.programme.name_km
    etree.SubElement(element, "language").text = language
    if slot.programme is not None:
        etree.SubElement(element, "url", system="programme").text = \
            site + slot.programme.get_absolute_url()
    if slot.episode is not None and slot.ends_at <= timezone.now() and is_visible(slot.episode):
        etree.SubElement(element, "url", system="catch-up").text = \
            site + slot.episode.get_absolute_url()
