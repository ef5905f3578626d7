"""What alumni does when camps announces something: a graduate becomes an alumnus."""

from django.dispatch import receiver

from camps.models import Application
from camps.signals import participant_graduated

from .services import alumni_record_create


@receiver(participant_graduated, sender=Application, dispatch_uid="alumni_record_on_graduation")
def alumni_record_on_graduation(sender, *, application, **kwargs):
    alumni_record_create(user=application.applicant, cohort=application.cohort)
