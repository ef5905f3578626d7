"""The organiser's check-in page in a real Chromium: codes verified in the page (WebCrypto), repeated, forged and
other events' codes refused, check-ins queued while offline and sent when the network is back."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.e2e.test_h5p import db_read, wait_for_db

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_offline_checkin_queues_and_sends_when_back_online(live_server, page):
    from playwright.sync_api import expect

    from alumni import checkin
    from alumni.models import RS, Registration
    from tests.factories import PASSWORD, ForumEventFactory, OrganiserFactory, graduate

    organiser = OrganiserFactory(username="uyushturuuchu")
    start = timezone.now() - dt.timedelta(minutes=30)
    event = ForumEventFactory(
        organisers=[organiser],
        starts_at=start,
        registration_opens_at=start - dt.timedelta(days=3),
        registration_closes_at=start - dt.timedelta(hours=1),
    )
    other = ForumEventFactory(organisers=[organiser])
    guest = graduate(display_name="Айгүл Токтогулова")
    registration = Registration.objects.create(event=event, user=guest, status=RS.CONFIRMED)
    foreign = Registration.objects.create(event=other, user=graduate(), status=RS.CONFIRMED)
    code = checkin.code_for(registration)

    page.goto(f"{live_server.url}/en/accounts/login/?next=/en/alumni/organise/events/{event.pk}/checkin/")
    page.locator("#id_username").fill("uyushturuuchu")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/checkin/"))
    result = page.locator("#checkin-result")
    field = page.locator("#checkin-code")

    page.context.set_offline(True)
    page.evaluate("window.dispatchEvent(new Event('offline'))")
    field.fill(code)
    field.press("Enter")
    expect(result).to_contain_text("saved on this phone")
    assert "Айгүл Токтогулова" in result.inner_text()
    assert "1 waiting to be sent" in page.locator("#checkin-queue").inner_text()

    field.fill(code)
    field.press("Enter")
    expect(result).to_contain_text("Already checked in")

    forged = code[:-3] + ("AAA" if not code.endswith("AAA") else "BBB")
    field.fill(forged)
    field.press("Enter")
    expect(result).to_contain_text("signature")

    field.fill(checkin.code_for(foreign))
    field.press("Enter")
    expect(result).to_contain_text("another event")
    assert (
        db_read(lambda: Registration.objects.get(pk=registration.pk).status) == RS.CONFIRMED
    )  # still offline

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#checkin-queue")).to_have_text("")
    wait_for_db(lambda: Registration.objects.get(pk=registration.pk).status == RS.ATTENDED)
    assert db_read(lambda: Registration.objects.get(pk=registration.pk).checked_in_by) == organiser
