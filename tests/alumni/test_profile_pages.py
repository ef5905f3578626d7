"""Profile, directory and contact pages."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from alumni.models import AlumniProfile, ContactMessage
from tests.factories import StudentFactory, graduate

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 30)).save(out, "PNG")
    return SimpleUploadedFile("me.png", out.getvalue(), content_type="image/png")


def test_alumnus_edits_the_profile_with_a_photo(client):
    user = graduate(listed=False)
    client.force_login(user)
    url = reverse("alumni:my_profile")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "display_name": "Айбек О.",
            "region": "talas",
            "date_of_birth": user.alumni_profile.date_of_birth.isoformat(),
            "interests": ["media", "rights"],
            "bio": "Медиа сабаттуулук тренери",
            "accepts_messages": "on",
            "directory_visible": "on",
            "photo": _png(),
        },
    )
    assert response.status_code == 302
    profile = AlumniProfile.objects.get(user=user)
    assert (profile.display_name, profile.region, profile.directory_visible) == ("Айбек О.", "talas", True)
    assert profile.photo is not None
    page = client.get(reverse("alumni:directory")).content.decode()
    assert "Айбек О." in page and "fill-96x96" in page or "images/" in page


def test_minor_sees_the_refusal_on_the_form(client):
    user = graduate(age=16, listed=False)
    client.force_login(user)
    response = client.post(
        "/en" + reverse("alumni:my_profile")[3:],
        {
            "display_name": "X",
            "date_of_birth": user.alumni_profile.date_of_birth.isoformat(),
            "directory_visible": "on",
        },
    )
    assert response.status_code == 200
    assert "once you turn 18" in response.content.decode()
    assert AlumniProfile.objects.get(user=user).directory_visible is False


def test_a_broken_photo_is_a_form_error(client):
    user = graduate()
    client.force_login(user)
    bad = SimpleUploadedFile("me.png", b"not an image", content_type="image/png")
    response = client.post(reverse("alumni:my_profile"), {"display_name": "X", "photo": bad})
    assert response.status_code == 200
    assert AlumniProfile.objects.get(user=user).photo is None


def test_directory_page_is_for_alumni(client):
    graduate()
    client.force_login(StudentFactory())
    assert client.get(reverse("alumni:directory")).status_code == 403
    client.logout()
    assert client.get(reverse("alumni:directory")).status_code == 302


def test_contact_page_sends_through_the_relay(client):
    recipient = graduate()
    client.force_login(graduate())
    url = reverse("alumni:contact", kwargs={"pk": recipient.alumni_profile.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"body": "Саламатсызбы!"}).status_code == 302
    assert ContactMessage.objects.get().recipient == recipient


def test_contact_page_of_a_hidden_alumnus_is_404(client):
    hidden = graduate(listed=False)
    client.force_login(graduate())
    assert client.get(reverse("alumni:contact", kwargs={"pk": hidden.alumni_profile.pk})).status_code == 404


def test_one_click_leave_link_from_the_waiting_list_mail(client):
    from alumni import services
    from alumni.models import Registration
    from alumni.services.registration import leave_token
    from tests.factories import ForumEventFactory

    event = ForumEventFactory(capacity=1)
    services.registration_create(event=event, user=graduate())
    waiting = services.registration_create(event=event, user=graduate())[0]
    url = reverse("alumni:leave", kwargs={"token": leave_token(waiting)})
    assert client.get(url).status_code == 200
    assert Registration.objects.get(pk=waiting.pk).status == "waitlisted"  # a GET changes nothing
    assert client.post(url).status_code == 200
    assert Registration.objects.get(pk=waiting.pk).status == "cancelled"
    assert client.post(reverse("alumni:leave", kwargs={"token": "forged"})).status_code == 404


def test_organiser_approves_a_registration_on_the_event_page(client):
    from alumni import services
    from alumni.models import Registration
    from tests.factories import ForumEventFactory, OrganiserFactory

    organiser = OrganiserFactory()
    event = ForumEventFactory(requires_approval=True, organisers=[organiser])
    registration = services.registration_create(event=event, user=graduate())[0]
    client.force_login(organiser)
    page = reverse("alumni:organiser_event", kwargs={"pk": event.pk})
    response = client.post(page, {"action": "approve", "registration": registration.pk})
    assert response.status_code == 302
    assert Registration.objects.get(pk=registration.pk).status == "confirmed"
    client.force_login(graduate())
    assert client.get(page).status_code == 403
