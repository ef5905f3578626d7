"""Factories build possible dates whatever the day: the suite also runs with its clock on 29 February."""

import datetime as dt

import pytest

from tests.factories import birth_date_for_age


@pytest.mark.parametrize(
    "on",
    [
        dt.date(2028, 2, 29),
        dt.date(2028, 3, 1),
        dt.date(2027, 3, 1),
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 1),
    ],
)
@pytest.mark.parametrize("age", [14, 16, 17, 18, 19, 25])
def test_birth_date_for_age_gives_that_age_on_awkward_days(on, age):
    born = birth_date_for_age(age, on)
    assert on.year - born.year - ((on.month, on.day) < (born.month, born.day)) == age
