"""Calendar files (RFC 5545) for forum events, built with the icalendar library: a stable UID per event, a
SEQUENCE that grows with every change, the Asia/Bishkek VTIMEZONE, a reminder a day before, the organiser and,
for those with a place, the online link. METHOD:REQUEST invites, METHOD:CANCEL withdraws, PUBLISH is a feed."""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Alarm, Calendar, Event, Timezone, vCalAddress, vText

from core.links import absolute_url

TZID = "Asia/Bishkek"
PRODID = "-//Civic//Alumni forums//EN"
REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"


def _domain() -> str:
    from urllib.parse import urlparse

    return urlparse(settings.PUBLIC_BASE_URL).hostname or "civic.local"


def event_uid(event) -> str:
    """Stable for the life of the event, in every language and every file that mentions it."""
    return f"forum-event-{event.pk}@{_domain()}"


def _from_address() -> str:
    from email.utils import parseaddr

    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "no-reply@civic.local"


def _vevent(event, *, language: str, attendee=None, with_link: bool, cancelled: bool):
    tz = ZoneInfo(TZID)
    page = event.page_in(language)
    title = page.title if page else event.name
    vevent = Event()
    vevent.add("uid", event_uid(event))
    vevent.add("sequence", event.sequence)
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", timezone.localtime(event.starts_at, tz))
    vevent.add("dtend", timezone.localtime(event.ends_at, tz))
    vevent.add("summary", title)
    url = absolute_url(page.url) if page and page.url else ""
    lines = [page.intro] if page and page.intro else []
    if with_link and event.online_url:
        lines.append(_("Online: %(url)s") % {"url": event.online_url})
    if url:
        lines.append(url)
        vevent.add("url", url)
    vevent.add("description", "\n\n".join(lines))
    place = ", ".join(p for p in ((page.venue, page.address) if page else ()) if p)
    if not place and with_link and event.online_url:
        place = event.online_url
    if place:
        vevent.add("location", place)
    organiser = vCalAddress(f"mailto:{_from_address()}")
    names = ", ".join(o.display_name for o in event.organisers.all()) or "Civic"
    organiser.params["cn"] = vText(names)
    vevent.add("organizer", organiser)
    if attendee is not None and attendee.email:
        who = vCalAddress(f"mailto:{attendee.email}")
        who.params["cn"] = vText(attendee.display_name)
        who.params["role"] = vText("REQ-PARTICIPANT")
        who.params["partstat"] = vText("DECLINED" if cancelled else "ACCEPTED")
        vevent.add("attendee", who, encode=0)
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-1))
        alarm.add("description", title)
        vevent.add_component(alarm)
    return vevent


def _calendar(method: str, name: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    cal.add_component(Timezone.from_tzid(TZID))
    return cal


def event_ics(
    *, event, language: str, method: str = PUBLISH, attendee=None, with_link: bool = False
) -> bytes:
    """One event: PUBLISH for anyone, REQUEST (an invitation) or CANCEL for one registrant."""
    with override(language):
        cancelled = method == CANCEL or event.cancelled_at is not None
        cal = _calendar(method)
        cal.add_component(
            _vevent(event, language=language, attendee=attendee, with_link=with_link, cancelled=cancelled)
        )
        return cal.to_ical()


def registrations_ics(*, registrations, language: str, user) -> bytes:
    """A person's private feed: every event they hold a place at (cancelled ones say so)."""
    from .models import PLACE_HOLDING

    with override(language):
        cal = _calendar(PUBLISH, name=_("My forum events"))
        for registration in registrations:
            holds = registration.status in PLACE_HOLDING
            cal.add_component(
                _vevent(
                    registration.event,
                    language=language,
                    attendee=user,
                    with_link=holds,
                    cancelled=not holds or registration.event.cancelled_at is not None,
                )
            )
        return cal.to_ical()
