"""Links that leave the site are built on PUBLIC_BASE_URL, wherever the process that writes them runs."""

import pytest
from django.core import mail

from camps import services
from camps.certificates import certificate_verify_url
from camps.models import Certificate
from core.links import absolute_reverse, absolute_url
from tests.factories import CohortFactory, OrganiserFactory, StudentFactory, birth_date_for_age

pytestmark = pytest.mark.django_db

SITE = "https://civic.example.kg"


@pytest.fixture(autouse=True)
def _public_site(settings):
    settings.PUBLIC_BASE_URL = SITE + "/"  # a trailing slash never doubles


def test_absolute_links_use_the_public_address():
    assert absolute_url("/verify/ABC") == f"{SITE}/verify/ABC"
    assert absolute_reverse("camps:my_applications", language="ru") == f"{SITE}/ru/camps/my/"


def test_status_mail_links_to_the_public_site_in_the_readers_language(django_capture_on_commit_callbacks):
    organiser = OrganiserFactory()
    cohort = CohortFactory(organisers=[organiser])
    user = StudentFactory(preferred_language="ru")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(
            cohort=cohort,
            applicant=user,
            data={
                "full_name": "Айпери",
                "date_of_birth": birth_date_for_age(19, on=cohort.starts_on),
                "contact_email": "aiperi@example.org",
                "region": "bishkek",
            },
            answers={},
        )
    (message,) = mail.outbox
    assert f"{SITE}/ru/camps/my/" in message.body
    assert "127.0.0.1" not in message.body and "testserver" not in message.body


def test_certificates_point_at_the_public_verification_page():
    certificate = Certificate(code="ABCD2345")
    assert certificate_verify_url(certificate) == f"{SITE}/verify/ABCD2345"
