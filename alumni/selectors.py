"""Reads of alumni records."""

from .models import AlumniRecord


def alumni_records_for(*, user):
    return AlumniRecord.objects.filter(user=user).select_related("cohort", "programme")
