"""The demo H5P packages: three languages, idempotent."""

import io

import pytest

from courses.h5p import demo
from courses.h5p.models import H5PLibrary, H5PPackage


@pytest.mark.django_db
def test_demo_seed_is_idempotent():
    first = demo.seed(stdout=io.StringIO())
    assert sorted(first) == ["en", "ky", "ru"]
    assert {p.language for p in first.values()} == {"ky", "ru", "en"}
    out = io.StringIO()
    second = demo.seed(stdout=out)
    assert second == first and out.getvalue() == ""
    assert H5PPackage.objects.count() == 3 and H5PLibrary.objects.count() == 1
