"""Every write to alumni records."""

from accounts import roles
from accounts.models import User
from accounts.services import role_grant

from .models import AlumniRecord


def alumni_record_create(*, user: User, cohort) -> AlumniRecord:
    """Make `user` an alumnus of `cohort` (idempotent): the record and the alumnus role."""
    record, _created = AlumniRecord.objects.get_or_create(
        user=user,
        cohort=cohort,
        defaults={"programme_id": cohort.programme_id, "year": cohort.ends_on.year},
    )
    role_grant(user=user, role=roles.ALUMNUS)
    return record
