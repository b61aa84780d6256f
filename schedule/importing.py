"""Importing a week of schedule from the file a scheduler uploads: parse, validate, apply.

Three formats arrive: an Excel workbook (.xlsx), a CSV export of one, and XMLTV. All three are
read into `ParsedRow`s first; `validate` then checks every row against the database (channels,
programme codes, overlaps inside the file and with slots around the replaced range) and
collects every problem. Nothing is written unless the whole file is sound: `apply` then, in
one transaction, deletes the slots that start in the days the file covers (per channel) and
inserts the new ones, so re-importing a week replaces it exactly and the rest stays as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from broadcast.models import Channel, Programme
from core.vietnamese import fold
from schedule.models import Slot
from schedule.selectors import day_bounds, station_zone

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
MAX_SLOT = dt.timedelta(hours=24)

# Header (folded: lower case, no diacritics, single spaces) -> field. English aliases help
# files exported by playout systems.
HEADERS = {
    "ngay": "date", "ngay phat": "date", "ngay phat song": "date", "date": "date",
    "gio bat dau": "start", "gio phat": "start", "bat dau": "start", "start": "start",
    "thoi luong": "duration", "thoi luong (phut)": "duration", "duration": "duration",
    "gio ket thuc": "end", "ket thuc": "end", "end": "end",
    "ten chuong trinh": "title", "chuong trinh": "title", "title": "title",
    "ten tieng khmer": "title_km", "ten khmer": "title_km", "title km": "title_km",
    "title_km": "title_km", "khmer": "title_km",
    "ma chuong trinh": "code", "ma": "code", "code": "code",
    "kenh": "channel", "channel": "channel",
    "mo ta": "description", "noi dung": "description", "description": "description",
}
DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")
TIME_RE = re.compile(r"^\s*(\d{1,2})\s*[:hg.]\s*(\d{1,2})?\s*(?:[:'](\d{1,2}))?\s*$", re.I)
MINUTES_RE = re.compile(r"^\s*(\d{1,4})\s*(?:'|p|ph|phut|phút|min|minutes?)?\s*$", re.I)
XMLTV_TIME_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?\s*([+-]\d{4}|Z)?$")


class ScheduleImportError(Exception):
    """The file is refused whole; `problems` lists (row number or None, reason) for the user."""

    def __init__(self, problems: list[tuple[int | None, str]]) -> None:
        super().__init__("; ".join(message for _row, message in problems))
        self.problems = problems

    def lines(self) -> list[str]:
        """Each problem as one line, "Dòng 7: …" for a row, the reason alone for the file."""
        return [_("Row %(row)s: %(reason)s") % {"row": row, "reason": reason}
                if row is not None else reason for row, reason in self.problems]


@dataclass
class ParsedRow:
    """One slot as read from the file, before it is checked against the database."""

    row: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    title: str
    code: str = ""
    channel_code: str = ""
    title_km: str = ""  # the Khmer edition's title (column "Tên tiếng Khmer", XMLTV lang="km")
    description: str = ""
    day: dt.date | None = None  # the day the file lists the slot under


@dataclass
class ImportPlan:
    """What `apply` will do: per channel, the range replaced and the slots inserted."""

    slots: dict[int, list[Slot]] = field(default_factory=dict)
    ranges: dict[int, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)
    channels: dict[int, Channel] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return sum(len(slots) for slots in self.slots.values())


@dataclass
class ImportResult:
    created: int
    replaced: int
    linked: int
    channels: list[str]
    first_day: dt.date
    last_day: dt.date


# --- reading the file -------------------------------------------------------------------------

def import_file(data: bytes, filename: str = "", channel: Channel | None = None) -> ImportResult:
    """Parse, validate and apply one uploaded file; ScheduleImportError leaves data as it was."""
    rows = parse(data, filename)
    plan = validate(rows, channel)
    return apply(plan)


def parse(data: bytes, filename: str = "") -> list[ParsedRow]:
    """The rows of an .xlsx workbook, an XMLTV document or a CSV text (told apart by content)."""
    if len(data) > MAX_FILE_BYTES:
        raise ScheduleImportError([(None, _("The file is larger than 5 MB."))])
    if not data.strip():
        raise ScheduleImportError([(None, _("The file is empty."))])
    if data[:4] == b"PK\x03\x04":
        return parse_xlsx(data)
    head = data[:512].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<") or filename.lower().endswith(".xml"):
        return parse_xmltv(data)
    if filename.lower().endswith((".xls", ".ods")):
        raise ScheduleImportError([(None, _(
            "Only .xlsx workbooks, CSV and XMLTV files can be imported: save the sheet as "
            ".xlsx or CSV UTF-8."))])
    return parse_csv(data)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; otherwise Windows-1258, the legacy
    Vietnamese code page Excel writes "CSV" in, whose tone marks are separate characters
    (composed here to NFC). Bytes that are neither are refused, never guessed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return unicodedata.normalize("NFC", data.decode("utf-16"))
        except UnicodeDecodeError:
            pass
    else:
        try:
            return unicodedata.normalize("NFC", data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            pass
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            text = None
        # Windows-1258 decodes almost any bytes; accept it only when no control characters
        # appear, which is where another code page's letters land.
        if text is not None and not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", text):
            return unicodedata.normalize("NFC", text)
    raise ScheduleImportError([(None, _(
        "The file's text is neither UTF-8 nor Windows-1258 (Vietnamese): save it as "
        "\"CSV UTF-8\" and upload it again."))])


def parse_csv(data: bytes) -> list[ParsedRow]:
    text = decode_text(data)
    return read_table(list(csv.reader(io.StringIO(text), delimiter=pick_delimiter(text))))


def pick_delimiter(text: str) -> str:
    """Comma, semicolon (Excel with Vietnamese regional settings) or tab: the one that splits
    the opening lines into the most known column names."""
    head = text.splitlines()[:20]

    def known(delimiter: str) -> int:
        return max((sum(header_key(cell) in HEADERS for cell in record)
                    for record in csv.reader(head, delimiter=delimiter)), default=0)

    return max(",;\t", key=known)


def parse_xlsx(data: bytes) -> list[ParsedRow]:
    """The first sheet of the workbook; cells keep their types (dates, times, numbers)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 (any unreadable workbook gets the same answer)
        raise ScheduleImportError([(None, _("The workbook cannot be read as .xlsx."))]) from None
    try:
        sheet = workbook.worksheets[0]
        records = [list(values) for values in sheet.iter_rows(values_only=True,
                                                               max_row=MAX_ROWS + 50)]
    finally:
        workbook.close()
    return read_table(records)


def header_key(value: object) -> str:
    return " ".join(fold(str(value or "")).replace("_", " ").split())


def read_table(records: list[list[object]]) -> list[ParsedRow]:
    """Rows under the first line that names the columns; row numbers are the sheet's own."""
    header_at = None
    columns: dict[str, int] = {}
    for index, record in enumerate(records[:20]):
        found = {HEADERS[key]: position for position, cell in enumerate(record)
                 if (key := header_key(cell)) in HEADERS}
        if "title" in found or "start" in found:
            header_at, columns = index, found
            break
    if header_at is None:
        raise ScheduleImportError([(None, _(
            "No header row found: the columns must be named \"Ngày\", \"Giờ bắt đầu\", "
            "\"Thời lượng\" or \"Giờ kết thúc\", \"Tên chương trình\"."))])
    missing = [label for name, label in (("date", "Ngày"), ("start", "Giờ bắt đầu"),
                                         ("title", "Tên chương trình")) if name not in columns]
    if "duration" not in columns and "end" not in columns:
        missing.append(_("\"Thời lượng\" or \"Giờ kết thúc\""))
    if missing:
        raise ScheduleImportError([(None, _("Missing column: %(columns)s.") % {
            "columns": ", ".join(missing)})])
    body = records[header_at + 1:]
    if len(body) > MAX_ROWS:
        raise ScheduleImportError([(None, _("The file has more than %(count)s rows.") % {
            "count": MAX_ROWS})])

    rows: list[ParsedRow] = []
    problems: list[tuple[int | None, str]] = []
    last_date: dt.date | None = None
    for offset, record in enumerate(body):
        number = header_at + offset + 2  # 1-based, as the spreadsheet shows it

        def cell(name: str, record: list[object] = record) -> object:
            position = columns.get(name)
            if position is None or position >= len(record):
                return None
            value = record[position]
            return value.strip() if isinstance(value, str) else value

        if all(value is None or (isinstance(value, str) and not value.strip())
               for value in record):
            continue
        errors: list[str] = []
        day_value = cell("date")
        if blank(day_value):
            day = last_date  # a day written once, above its slots (merged cells)
            if day is None:
                errors.append(_("the date is missing"))
        else:
            day = parse_date(day_value)
            if day is None:
                errors.append(_("the date \"%(value)s\" is not a date (dd/mm/yyyy)") % {
                    "value": show(day_value)})
            else:
                last_date = day
        start = parse_clock(cell("start"))
        if start is None:
            errors.append(_("the start time \"%(value)s\" is not a time (hh:mm)") % {
                "value": show(cell("start"))})
        title = str(cell("title") or "").strip()
        if not title:
            errors.append(_("the programme title is missing"))
        elif len(title) > 300:
            errors.append(_("the programme title is longer than 300 characters"))
        title_km = unicodedata.normalize("NFC", str(cell("title_km") or "").strip())
        if len(title_km) > 300:
            errors.append(_("the programme title is longer than 300 characters"))
        starts_at = ends_at = None
        if day is not None and start is not None:
            starts_at = at_local(day, start)
            duration_value = cell("duration") if "duration" in columns else None
            if not blank(duration_value):
                length = parse_duration(duration_value)
                if length is None:
                    errors.append(_("the duration \"%(value)s\" is not minutes or h:mm") % {
                        "value": show(duration_value)})
                else:
                    ends_at = starts_at + length
            elif "end" in columns and not blank(cell("end")):
                end = parse_clock(cell("end"))
                if end is None:
                    errors.append(_("the end time \"%(value)s\" is not a time (hh:mm)") % {
                        "value": show(cell("end"))})
                else:
                    ends_at = at_local(day, end)
                    if ends_at <= starts_at:  # past midnight: the next day
                        ends_at = at_local(day + dt.timedelta(days=1), end)
            else:
                errors.append(_("neither the duration nor the end time is given"))
        if starts_at is not None and ends_at is not None and not (
                dt.timedelta(0) < ends_at - starts_at <= MAX_SLOT):
            errors.append(_("the slot must last more than 0 minutes and at most 24 hours"))
        if errors:
            problems.append((number, "; ".join(errors)))
            continue
        rows.append(ParsedRow(row=number, starts_at=starts_at, ends_at=ends_at, title=title,
                              title_km=title_km,
                              code=str(cell("code") or "").strip()[:50],
                              channel_code=str(cell("channel") or "").strip(),
                              description=str(cell("description") or "").strip(), day=day))
    if problems:
        raise ScheduleImportError(problems)
    if not rows:
        raise ScheduleImportError([(None, _("The file lists no slots."))])
    return rows


def xmltv_titles(element) -> tuple[str, str]:
    """The programme's title and its Khmer title: `<title lang="km">` is the Khmer one; the
    first other title is the title (the Khmer one when there is no other)."""
    title = title_km = ""
    for node in element.findall("title"):
        text = (node.text or "").strip()
        if not text:
            continue
        if (node.get("lang") or "").lower().split("-")[0] == "km":
            title_km = title_km or text
        else:
            title = title or text
    return title or title_km, title_km


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def show(value: object) -> str:
    return "" if value is None else str(value)[:40]


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if 2000 <= day.year <= 2100:
            return day
    return None


def parse_clock(value: object) -> dt.timedelta | None:
    """A time of day as an offset from midnight; 24:00-29:59 (a broadcast day running past
    midnight) is the next morning."""
    if isinstance(value, dt.datetime):
        value = value.time()
    if isinstance(value, dt.time):
        return dt.timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    if isinstance(value, dt.timedelta):  # a cell formatted [h]:mm
        return value if dt.timedelta(0) <= value < dt.timedelta(hours=30) else None
    if isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        return dt.timedelta(seconds=round(value * 86400))  # an Excel time as a day fraction
    if value is None:
        return None
    match = TIME_RE.match(str(value))
    if not match:
        return None
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if hours > 29 or minutes > 59 or seconds > 59:
        return None
    return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)


def parse_duration(value: object) -> dt.timedelta | None:
    """Minutes ("30", "30 phút") or hours and minutes ("1:30", an Excel time)."""
    if isinstance(value, dt.time):
        return dt.timedelta(hours=value.hour, minutes=value.minute, seconds=value.second)
    if isinstance(value, dt.timedelta):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return dt.timedelta(minutes=value) if 0 < value <= 24 * 60 else None
    text = str(value).strip()
    match = MINUTES_RE.match(fold(text))
    if match:
        return dt.timedelta(minutes=int(match.group(1)))
    clock = TIME_RE.match(text)
    if clock and clock.group(2) is not None:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        if minutes < 60 and seconds < 60:
            return dt.timedelta(hours=hours, minutes=minutes, seconds=seconds)
    return None


def at_local(day: dt.date, offset: dt.timedelta) -> dt.datetime:
    """The aware moment `offset` after the station's local midnight of `day`."""
    return (day_bounds(day)[0] + offset).astimezone(station_zone())


def parse_xmltv(data: bytes) -> list[ParsedRow]:
    """<programme start stop channel> elements; the row number is the element's line."""
    from lxml import etree

    # No DTD, no entities, no network: an uploaded document cannot reach files or hosts.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ScheduleImportError([(None, _("The XMLTV file is not well-formed XML: %(error)s")
                                    % {"error": error})]) from None
    if root.tag != "tv":
        raise ScheduleImportError([(None, _("This is not an XMLTV file (no <tv> element)."))])
    elements = root.findall("programme")
    if len(elements) > MAX_ROWS:
        raise ScheduleImportError([(None, _("The file has more than %(count)s rows.") % {
            "count": MAX_ROWS})])
    rows: list[ParsedRow] = []
    problems: list[tuple[int | None, str]] = []
    for element in elements:
        number = element.sourceline
        errors = []
        channel_code = (element.get("channel") or "").strip()
        if not channel_code:
            errors.append(_("the channel is missing"))
        starts_at = parse_xmltv_time(element.get("start"))
        if starts_at is None:
            errors.append(_("the start time \"%(value)s\" is not a time (hh:mm)") % {
                "value": show(element.get("start"))})
        ends_at = None
        if element.get("stop"):
            ends_at = parse_xmltv_time(element.get("stop"))
            if ends_at is None:
                errors.append(_("the end time \"%(value)s\" is not a time (hh:mm)") % {
                    "value": show(element.get("stop"))})
        else:
            errors.append(_("neither the duration nor the end time is given"))
        title, title_km = xmltv_titles(element)
        if not title:
            errors.append(_("the programme title is missing"))
        if starts_at and ends_at and not dt.timedelta(0) < ends_at - starts_at <= MAX_SLOT:
            errors.append(_("the slot must last more than 0 minutes and at most 24 hours"))
        if errors:
            problems.append((number, "; ".join(errors)))
            continue
        rows.append(ParsedRow(row=number, starts_at=starts_at, ends_at=ends_at,
                              title=unicodedata.normalize("NFC", title)[:300],
                              title_km=unicodedata.normalize("NFC", title_km)[:300],
                              channel_code=channel_code,
                              description=(element.findtext("desc") or "").strip()))
    if problems:
        raise ScheduleImportError(problems)
    if not rows:
        raise ScheduleImportError([(None, _("The file lists no slots."))])
    return rows


def parse_xmltv_time(value: str | None) -> dt.datetime | None:
    """XMLTV's "YYYYMMDDhhmmss +0700"; without an offset the time is the station's."""
    match = XMLTV_TIME_RE.match((value or "").strip())
    if not match:
        return None
    year, month, day, hour, minute, second, offset = match.groups()
    if offset in (None, "Z"):
        zone: dt.tzinfo = station_zone() if offset is None else dt.UTC
    else:
        minutes = int(offset[1:3]) * 60 + int(offset[3:5])
        zone = dt.timezone(dt.timedelta(minutes=minutes if offset[0] == "+" else -minutes))
    try:
        moment = dt.datetime(int(year), int(month), int(day), int(hour), int(minute),
                             int(second or 0), tzinfo=zone)
    except ValueError:
        return None
    if not 2000 <= moment.year <= 2100:
        return None
    return moment.astimezone(station_zone())


# --- checking it against the database ---------------------------------------------------------

def validate(rows: list[ParsedRow], channel: Channel | None = None) -> ImportPlan:
    """Resolve channels and programmes and check for overlaps; raise with every problem."""
    problems: list[tuple[int | None, str]] = []
    channels = {found.code.lower(): found for found in Channel.objects.all()}
    by_name = {fold(found.name): found for found in channels.values()}
    grouped: dict[int, list[ParsedRow]] = defaultdict(list)
    resolved: dict[int, Channel] = {}
    for row in rows:
        target = channel
        if row.channel_code:
            target = (channels.get(row.channel_code.lower())
                      or by_name.get(fold(row.channel_code)))
            if target is None:
                problems.append((row.row, _("unknown channel \"%(code)s\"") % {
                    "code": row.channel_code}))
                continue
            if channel is not None and target != channel:
                problems.append((row.row, _(
                    "the row is for channel \"%(row)s\" but the import is for \"%(chosen)s\"")
                    % {"row": target.code, "chosen": channel.code}))
                continue
        if target is None:
            problems.append((row.row, _("no channel: choose one or add a \"Kênh\" column")))
            continue
        resolved[target.pk] = target
        grouped[target.pk].append(row)

    plan = ImportPlan()
    if not problems:
        programmes = programme_index(resolved.values())
        for channel_id, channel_rows in grouped.items():
            target = resolved[channel_id]
            channel_rows.sort(key=lambda row: (row.starts_at, row.row))
            problems += overlaps(channel_rows)
            start, end = covered_range(channel_rows)
            problems += neighbour_conflicts(target, channel_rows, start, end)
            plan.ranges[channel_id] = (start, end)
            plan.channels[channel_id] = target
            plan.slots[channel_id] = [
                Slot(channel=target, starts_at=row.starts_at, ends_at=row.ends_at,
                     title=row.title, title_km=row.title_km, code=row.code,
                     description=row.description,
                     programme=link_programme(programmes, target, row))
                for row in channel_rows]
    if problems:
        problems.sort(key=lambda problem: (problem[0] is not None, problem[0] or 0))
        raise ScheduleImportError(problems)
    return plan


def covered_range(rows: list[ParsedRow]) -> tuple[dt.datetime, dt.datetime]:
    """The days the file lists (midnight to midnight), stretched to the starts of slots listed
    under the last day but starting after its midnight ("24:30")."""
    days = [row.day or row.starts_at.astimezone(station_zone()).date() for row in rows]
    start = min(day_bounds(min(days))[0], rows[0].starts_at)
    end = max(day_bounds(max(days))[1], rows[-1].starts_at + dt.timedelta(microseconds=1))
    return start, end


def overlaps(rows: list[ParsedRow]) -> list[tuple[int | None, str]]:
    """Rows (sorted by start) that begin before the previous one ends."""
    problems: list[tuple[int | None, str]] = []
    previous: ParsedRow | None = None
    for row in rows:
        if previous is not None and row.starts_at < previous.ends_at:
            problems.append((row.row, _(
                "overlaps row %(other)s (%(start)s–%(end)s, \"%(title)s\")") % {
                "other": previous.row, "start": local_hm(previous.starts_at),
                "end": local_hm(previous.ends_at), "title": previous.title}))
        if previous is None or row.ends_at > previous.ends_at:
            previous = row
    return problems


def neighbour_conflicts(channel: Channel, rows: list[ParsedRow], start: dt.datetime,
                        end: dt.datetime) -> list[tuple[int | None, str]]:
    """Slots kept outside the replaced days (one running into them from the night before,
    one starting just after) must not overlap the imported ones."""
    problems: list[tuple[int | None, str]] = []
    kept = Slot.objects.filter(channel=channel).exclude(starts_at__gte=start, starts_at__lt=end)
    before = kept.filter(starts_at__lt=start, ends_at__gt=start).order_by("-ends_at").first()
    if before is not None and rows[0].starts_at < before.ends_at:
        problems.append((rows[0].row, _(
            "overlaps the slot already scheduled before this file's days (%(when)s, "
            "\"%(title)s\")") % {"when": local_hm(before.starts_at), "title": before.title}))
    last_end = max(row.ends_at for row in rows)
    after = kept.filter(starts_at__gte=end, starts_at__lt=last_end).order_by("starts_at").first()
    if after is not None:
        late = next(row for row in rows if row.ends_at > after.starts_at)
        problems.append((late.row, _(
            "overlaps the slot already scheduled after this file's days (%(when)s, "
            "\"%(title)s\")") % {"when": local_hm(after.starts_at), "title": after.title}))
    return problems


def programme_index(channels: Iterable[Channel]) -> dict[str, Programme]:
    """Programmes by code (any channel) and by "channel id:folded name"."""
    index: dict[str, Programme] = {}
    for programme in Programme.objects.all():
        if programme.code:
            index.setdefault(f"code:{programme.code.lower()}", programme)
        index.setdefault(f"{programme.channel_id}:{fold(programme.name)}", programme)
    return index


def link_programme(index: dict[str, Programme], channel: Channel,
                   row: ParsedRow) -> Programme | None:
    """By programme code when the row has one, else by the title on that channel."""
    if row.code:
        return index.get(f"code:{row.code.lower()}")
    return index.get(f"{channel.pk}:{fold(row.title)}")


def local_hm(moment: dt.datetime) -> str:
    return moment.astimezone(station_zone()).strftime("%d/%m %H:%M")


# --- writing it -------------------------------------------------------------------------------

def apply(plan: ImportPlan) -> ImportResult:
    """Replace, per channel, the slots starting in the file's days by the file's slots.

    Recordings stay linked: a new slot at the same start with the same title keeps the
    episode its predecessor had.
    """
    replaced = 0
    try:
        with transaction.atomic():
            # One import per channel at a time: the channel row is the lock.
            list(Channel.objects.select_for_update().filter(pk__in=plan.slots).order_by("pk"))
            for channel_id, slots in plan.slots.items():
                start, end = plan.ranges[channel_id]
                covered = Slot.objects.filter(channel_id=channel_id, starts_at__gte=start,
                                              starts_at__lt=end)
                old = list(covered)
                recordings = {(slot.starts_at, fold(slot.title)): slot.episode_id
                              for slot in old if slot.episode_id}
                for slot in slots:
                    slot.episode_id = recordings.get((slot.starts_at, fold(slot.title)))
                replaced += len(old)
                covered.delete()
                Slot.objects.bulk_create(slots)
                # bulk_create sends no signals: one save moves the content generation for all.
                if slots:
                    slots[0].save(update_fields=["title"])
    except IntegrityError:
        raise ScheduleImportError([(None, _(
            "The schedule changed while the file was being imported: nothing has been "
            "changed, import the file again."))]) from None
    days = [bound for bounds in plan.ranges.values() for bound in bounds]
    return ImportResult(
        created=plan.count, replaced=replaced,
        linked=sum(1 for slots in plan.slots.values() for slot in slots if slot.programme_id),
        channels=[plan.channels[key].code for key in plan.slots],
        first_day=min(days).astimezone(station_zone()).date(),
        last_day=(max(days) - dt.timedelta(days=1)).astimezone(station_zone()).date(),
    )
