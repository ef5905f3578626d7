"""A person's private calendar feed (RFC 5545, with the icalendar library): the due times of a pupil's
assignments and of the assignments a teacher set, in Asia/Bishkek, titled in the person's language."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from core.links import absolute_url

from . import selectors
from .models import Assignment

REMIND = "-P1D"


def _event(assignment: Assignment, summary: str, url: str, stamp) -> Event:
    tz = ZoneInfo(settings.TIME_ZONE)
    event = Event()
    event.add("uid", f"assignment-{assignment.pk}@civic")
    event.add("dtstamp", stamp)
    event.add("dtstart", assignment.due_at.astimezone(tz))  # a moment: no DTEND (RFC 5545 §3.6.1)
    event.add("summary", summary)
    event.add("description", (assignment.note + "\n\n" if assignment.note else "") + url)
    event.add("url", url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", _duration(REMIND))
    event.add_component(alarm)
    return event


def _duration(text: str):
    from icalendar import vDuration

    return vDuration.from_ical(text)


def calendar_for(*, user) -> bytes:
    site = absolute_url("/").rstrip("/")
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        cal = Calendar()
        cal.add("prodid", "-//Civic//Classrooms//EN")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", _("Civic: due dates"))
        cal.add("x-wr-timezone", settings.TIME_ZONE)
        stamp = None
        from django.utils import timezone

        stamp = timezone.now()
        for item in selectors.my_assignments(user=user):
            a = item.assignment
            if a.due_at is None:
                continue
            url = site + reverse("classrooms:my_assignment", args=[a.pk])
            cal.add_component(_event(a, _("Due: %(title)s") % {"title": a.title}, url, stamp))
        for a in selectors.assignments_set_by_teacher(user=user):
            url = site + reverse("classrooms:report", args=[a.classroom_id])
            summary = _("Due in %(class)s: %(title)s") % {"class": a.classroom.name, "title": a.title}
            cal.add_component(_event(a, summary, url, stamp))
        cal.add_missing_timezones()
    return cal.to_ical()
