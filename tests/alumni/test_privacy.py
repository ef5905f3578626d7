"""What alumni keeps about a person: exported in full, erased on request (a held place moves on)."""

import json

import pytest

from alumni import privacy, services
from alumni.models import RS, AlumniProfile, AlumniRecord, ContactMessage, Registration
from tests.factories import ForumEventFactory, graduate

pytestmark = pytest.mark.django_db


def test_export_has_profile_records_messages_and_registrations():
    user = graduate(bio="Медиа тренер")
    other = graduate()
    services.contact_send(sender=user, recipient=other.alumni_profile, body="Салам")
    event = ForumEventFactory(name="Күзгү форум", ask_dietary=True)
    services.registration_create(event=event, user=user, dietary_needs="Вегетариан")
    data = privacy.export(user)
    json.dumps(data)
    assert data["alumni_profile"]["bio"] == "Медиа тренер"
    assert len(data["alumni_records"]) == 1
    assert data["alumni_messages_sent"][0]["body"] == "Салам"
    assert data["forum_registrations"][0]["event"] == "Күзгү форум"
    assert data["forum_registrations"][0]["dietary_needs"] == "Вегетариан"


def test_erase_removes_everything_and_offers_the_freed_place():
    user = graduate()
    other = graduate()
    services.contact_send(sender=user, recipient=other.alumni_profile, body="Салам")
    services.contact_send(sender=other, recipient=user.alumni_profile, body="Жооп")
    event = ForumEventFactory(capacity=1)
    services.registration_create(event=event, user=user)
    waiting = services.registration_create(event=event, user=other)[0]
    privacy.erase(user)
    assert not AlumniProfile.objects.filter(user=user).exists()
    assert not AlumniRecord.objects.filter(user=user).exists()
    assert not ContactMessage.objects.filter(sender=user).exists()
    assert not ContactMessage.objects.filter(recipient=user).exists()
    assert not Registration.objects.filter(user=user).exists()
    waiting.refresh_from_db()
    assert waiting.status == RS.OFFERED


def test_the_registry_lists_every_model_with_a_user_key():
    from django.apps import apps
    from django.conf import settings

    with_user = set()
    for model in apps.get_app_config("alumni").get_models():
        for field in model._meta.get_fields(include_parents=False):
            related = field.related_model if field.is_relation and field.concrete else None
            if related is not None and related._meta.label == settings.AUTH_USER_MODEL:
                with_user.add(model._meta.label)
    assert with_user == set(privacy.COVERS) | set(privacy.EXEMPT)
