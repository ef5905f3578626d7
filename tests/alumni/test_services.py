import pytest

from accounts import roles
from alumni.models import AlumniRecord
from alumni.selectors import alumni_records_for
from alumni.services import alumni_record_create
from tests.factories import CohortFactory, StudentFactory

pytestmark = pytest.mark.django_db


def test_alumni_record_carries_programme_cohort_year_and_grants_the_role():
    cohort = CohortFactory()
    user = StudentFactory()
    record = alumni_record_create(user=user, cohort=cohort)
    assert (record.programme_id, record.cohort, record.year) == (
        cohort.programme_id,
        cohort,
        cohort.ends_on.year,
    )
    assert user.has_role(roles.ALUMNUS)
    assert alumni_record_create(user=user, cohort=cohort) == record  # idempotent
    assert AlumniRecord.objects.count() == 1
    assert list(alumni_records_for(user=user)) == [record]
